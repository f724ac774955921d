"""Text understanding: encoders, the text matcher, language routing, glossary, skills.

* :mod:`~matcher.text.encoders` one Encoder interface (TF-IDF, MiniLM, USE, fusion)
* :mod:`~matcher.text.retrieval` ``TextMatcher``: candidates with aliases, z-scored
* :mod:`~matcher.text.language` id/en detection, :mod:`~matcher.text.glossary` id -> en
* :mod:`~matcher.text.skills` ESCO taxonomy and ``SkillNormaliser``;
  :mod:`~matcher.text.skill_cache` its phrase -> concepts disk cache
* :mod:`~matcher.text.index` ``VectorIndex`` (numpy, pgvector sketch) for scaling out

Importing this package loads no model.
"""
