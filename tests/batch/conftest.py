"""The batch tests' services, one of each for the whole session: moto's S3 server and a Dask LocalCluster."""

from tests.scale import dask_client, s3

__all__ = ["dask_client", "s3"]
