from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files, with ES module imports rewritten to hashed names.

    So `import "./schedule.js"` loads the far-future-cached file the page's
    own hashed script was built with, never an unhashed or stale copy.
    """

    support_js_module_import_aggregation = True
