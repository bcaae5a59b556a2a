"""The shared kernel: the words every layer of Laoshifu speaks, and nothing else.

Errors a technician can read, the records that pass between layers (pages, passages, hits,
answers), ingest events, and configuration read from the environment. It sits at the bottom:
`desktop -> laoshifu (application) -> ingest | index | models -> kernel`, and imports none of
them (checked by import-linter's layers contract in pyproject.toml).
"""
