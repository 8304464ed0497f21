"""Maintainers' tooling: README generation, promoting a full-mode run's results to the committed
``results/``, retraining the metrics' classifier. Learners never import it."""
