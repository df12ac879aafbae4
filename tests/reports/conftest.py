from tests.care.conftest import world  # noqa: F401 - the care tests' small clinic
