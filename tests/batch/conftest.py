"""The batch tests' services, one of each for the whole session: moto's S3 server, a GCS emulator, a Dask LocalCluster."""

from tests.scale import dask_client, gcs, s3

__all__ = ["dask_client", "gcs", "s3"]
