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


@pytest.fixture(scope="session")
def postgres_catalog():
    """A throw-away PostgreSQL server (the Debian `postgresql` package's binaries, which
    .ci/run installs) on a Unix socket; yields a DuckLake catalog string for a fresh database.
    Skipped where PostgreSQL is not installed."""
    import glob
    import shutil
    import subprocess
    import tempfile

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    bin_dir = os.path.dirname(found[-1])
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = tempfile.mkdtemp(prefix="sitrep-pg-")
    os.chmod(root, 0o755)
    if as_postgres:
        shutil.chown(root, "postgres")
    data, socket_dir = os.path.join(root, "data"), root

    def run(*args):
        subprocess.run([*as_postgres, *args], check=True, capture_output=True, timeout=120)

    run(f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "postgres")
    run(f"{bin_dir}/pg_ctl", "-D", data, "-w", "-l", os.path.join(root, "log"),
        "-o", f"-k {socket_dir} -c listen_addresses='' -p 5439", "start")
    counter = iter(range(10**6))

    def make() -> str:
        name = f"sitrep{next(counter)}"
        run(f"{bin_dir}/createdb", "-h", socket_dir, "-p", "5439", "-U", "postgres", name)
        return f"postgres:dbname={name} host={socket_dir} port=5439 user=postgres"

    try:
        yield make
    finally:
        subprocess.run([*as_postgres, f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
                       capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def resources(reference_cache_folder):
    """The repository's seeds, loaded once for the whole session (pipelines.resources)."""
    from sitrep.pipelines.resources import load_resources
    from sitrep.pipelines.settings import Settings

    return load_resources(Settings(), reference_cache_folder)
