def here(request):
    """The page the reader is on, for "back to where I was" after a plain form post.

    For an htmx request that is the page that made it, not the request's own URL.
    """
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.current_url_abs_path:
        return {"here": htmx.current_url_abs_path}
    return {"here": request.get_full_path()}
