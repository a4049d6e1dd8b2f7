"""Beyond one machine: batch processing on Dask distributed (optional extra ``wirewatch[dask]``)."""
