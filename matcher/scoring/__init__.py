"""Per-pair scoring: the score parts, the hard rules, and the arrays they read.

* :mod:`~matcher.scoring.parts` one file per score part and their registry ``PARTS``
* :mod:`~matcher.scoring.weights` ``Part``, ``Weights`` (from the registry), the weighted mean
* :mod:`~matcher.scoring.rules` hard eligibility rules as bits, and their registry ``RULES``
* :mod:`~matcher.scoring.arrays` records -> aligned arrays (people and catalogs)
* :mod:`~matcher.scoring.geo` kelurahan centroids and distances
* :mod:`~matcher.scoring.schedule` free-text schedules -> weekly hour masks
"""
