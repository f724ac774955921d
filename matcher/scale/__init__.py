"""Scale-out on real engines: PostgreSQL + pgvector for serving, Ray for the nightly batch.

Neither is needed by a hub: the in-process engine stays the default. The modules import
``psycopg``/``pgserver`` and ``ray`` only when used.
"""
