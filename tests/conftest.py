import os

import pytest


@pytest.fixture(scope="session")
def s3_lake_uri():
    """A fresh bucket on a moto S3 server on loopback; yields a factory of lake URIs in it."""
    from moto.server import ThreadedMotoServer

    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")}
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    import pyarrow.fs as pafs

    pafs.S3FileSystem(
        endpoint_override=endpoint, scheme="http", region="us-east-1", allow_bucket_creation=True
    ).create_dir("sitrep-test")
    counter = iter(range(10**6))

    def make(name: str = "lake") -> str:
        return f"s3://sitrep-test/{name}-{next(counter)}?endpoint_override={endpoint}&scheme=http&region=us-east-1"

    yield make
    server.stop()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session", autouse=True)
def reference_cache_folder(tmp_path_factory):
    """Flows keep derived reference tables in a cache folder: in tests, a fresh one of
    their own rather than the user's (worker processes inherit the variable)."""
    folder = tmp_path_factory.mktemp("reference-cache")
    saved = os.environ.get("SITREP_CACHE_DIR")
    os.environ["SITREP_CACHE_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("SITREP_CACHE_DIR", None)
    else:
        os.environ["SITREP_CACHE_DIR"] = saved
