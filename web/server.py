"""Running the app under gunicorn from the `layanan serve` command."""

from gunicorn.app.base import BaseApplication

from web.app import create_app


class _Server(BaseApplication):
    """Gunicorn with settings from arguments; each worker builds its own app."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        """Apply the options gunicorn knows."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        """Create the app inside the worker, so no database connection crosses a fork."""
        return create_app()


def run_gunicorn(*, host: str, port: int, workers: int) -> None:
    """Serve on host:port with the given number of sync workers."""
    _Server({
        "bind": f"{host}:{port}",
        "workers": workers,
        "accesslog": "-",
        "timeout": 30,
    }).run()
