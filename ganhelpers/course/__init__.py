"""The course's plumbing, which a notebook calls but does not teach:

- ``config``: fast vs full mode, device, seeds, output folder
- ``errors``: ``GanHelpersError`` and its subclasses, what the package raises on purpose
- ``arguments``: ``@checked_arguments``, every public entry point's arguments against its hints
- ``data``, ``images``, ``validation``: MNIST and toy data, your own images, input checks
- ``training``, ``callbacks``, ``history``, ``checkpoint``: the epoch loop and what it records
- ``metrics``, ``quality``, ``classifier``: quality measures (FID on classifier features, ...)
- ``viz``, ``widgets``, ``latent``: plots, animations, sliders, latent interpolation
- ``recipes``, ``collapse``: notebook 02's named recipes, notebook 06's 2-D mixture runs
- ``playground``, ``playground_session``, ``targets``: notebook 10's live GAN playground (the
  panel and its browser code ``playground.js``, what it trains and draws, its 2-D targets)
- ``exercises``: ``check_exercise``, the fill-in exercises' checks (answers in notebooks/answers)
- ``results``, ``summaries``, ``sentences``: results files and the committed figures as notebooks
  show them
- ``deviations``: notebooks 02 and 03's tables of where the course departs from the paper
"""
