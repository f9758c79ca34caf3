"""Dask (`pip install 'danvan[dask]'`): a corpus analysed on a cluster, merged into a store as parts finish.

parts.py    planning parts by content hash; Parquet parts written through temporary names, with their manifest
worker.py   the WorkerPlugin that loads rules and models once per worker; the task that analyses one part
client.py   submitting parts, merging finished ones into the store, progress, Ctrl-C, resuming
"""
