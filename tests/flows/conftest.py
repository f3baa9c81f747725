import pytest
from prefect.testing.utilities import prefect_test_harness
from sitrep.flows.runtime import quiet_heartbeats


@pytest.fixture(scope="session", autouse=True)
def prefect_api():
    """One throwaway Prefect API for every flow test (starting one costs seconds)."""
    with prefect_test_harness(), quiet_heartbeats():
        yield
