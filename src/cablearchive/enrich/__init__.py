"""Enrichments: heavy work over stored cables (the statistical people model, embeddings), run
one way (`runner`): in batches, locally on a process pool or on a Dask cluster."""

from cablearchive.enrich.runner import Done, EnrichError, Failed, Task, run_batches

__all__ = ["Done", "EnrichError", "Failed", "Task", "run_batches"]
