"""The browser tests' fixtures (tests/browser/conftest.py) for the notifications toggle.

A package of its own: the demo data `demo_db` loads is removed when this
package ends, before the other push tests, which expect an empty database.
"""

from tests.browser.conftest import (  # noqa: F401 (fixtures, found by name)
    context,
    demo_db,
    page,
    playwright_api,
    server,
)
