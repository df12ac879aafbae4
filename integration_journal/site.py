"""Links that leave the site (emails, PDFs) point at SITE_URL, the address people know the
site by, never at whatever host a request happened to arrive on (a proxy's, a development
server's)."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def absolute_url(location: str, request=None) -> str:
    """`location` (a path, or an absolute URL built from a request) on SITE_URL.

    Without SITE_URL (a development setup that did not set one) the request's host is the only
    address there is, so it is used."""
    base = site_url()
    if not base:
        return request.build_absolute_uri(location) if request is not None else location
    bits = urlsplit(location)
    scheme, netloc, _, _, _ = urlsplit(base)
    prefix = urlsplit(base).path.rstrip("/")
    return urlunsplit((scheme, netloc, prefix + bits.path, bits.query, bits.fragment))
