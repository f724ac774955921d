"""Per-pair scoring: the score parts, the hard rules, and the arrays they read.

* :mod:`~matcher.scoring.weights` ``Part``, ``Weights``, the weighted mean
* :mod:`~matcher.scoring.rules` hard eligibility rules as bits
* :mod:`~matcher.scoring.arrays` records -> aligned arrays (people and catalogs)
* :mod:`~matcher.scoring.geo` kelurahan centroids and distances
* :mod:`~matcher.scoring.schedule` free-text schedules -> weekly hour masks
"""
