from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files, with ES module imports rewritten to hashed names.

    So `import "./schedule.js"` loads the far-future-cached file the page's
    own hashed script was built with, never an unhashed or stale copy.

    A file's URL is looked up once per process: the manifest is read when the storage
    is made and never changes under it, and the lookup (parsing, quoting, joining)
    cost a page of cards as much as a dozen `{% url %}` tags (bench/RESULTS.md). Not in
    debug, where URLs are the files' own names.
    """

    support_js_module_import_aggregation = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name)
        return found
