"""The REST API (`nerpipe serve`): thin FastAPI routes over the functions the CLI and the dashboard
use. app.py builds the application; problems.py turns errors into RFC 9457 problem details;
context.py says who is asking; jobs.py runs uploads in the background; the routes_* modules hold
the endpoints, one group each."""

from nerpipe.api.app import create_app

__all__ = ["create_app"]
