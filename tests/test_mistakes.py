"""Every mistake of the catalogue (``tests/mistakes.py``) ends as it should: a ``GanHelpersError``
whose message names the problem, or, where the meaning is obvious, an accepted call whose result
is checked. One test per mistake."""

import pytest

from tests.mistakes import ACCEPT, ACCEPTED, CLEAR, MISTAKES, make_context, run


@pytest.fixture(scope="module")
def context():
    return make_context()


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: f"{m.group}: {m.what}")
def test_the_mistake_gets_a_clear_error_or_does_what_was_meant(mistake, context):
    outcome, message = run(mistake, context)
    if mistake.expect == ACCEPT:
        assert outcome == ACCEPTED, message
    else:
        assert outcome == CLEAR, message
        assert mistake.says.lower() in message.lower(), message


def test_the_catalogue_holds_over_a_hundred_mistakes():
    assert len(MISTAKES) >= 100
    assert len({m.what for m in MISTAKES}) == len(MISTAKES), "two mistakes share a name"
