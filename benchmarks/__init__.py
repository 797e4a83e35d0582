"""Speed benchmarks at a large office's scale (``python benchmarks/run.py``)."""
