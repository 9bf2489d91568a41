"""The tests choose their settings themselves: TVIZ_* variables of the shell that runs pytest
(a lecturer's TVIZ_SENTENCE, TVIZ_STEPS, ...) do not reach them."""

import os


def pytest_configure(config):
    for name in [n for n in os.environ if n.startswith("TVIZ_")]:
        del os.environ[name]
