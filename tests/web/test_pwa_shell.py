"""The installable shell: manifest, service worker, offline page, fresh CSRF tokens."""

import json
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"


def test_manifest_makes_the_app_installable(client):
    """Name, short name, lang id, scope, standalone, colours, 192/512 and maskable icons."""
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["lang"] == "id" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["name"] and manifest["short_name"]
    assert manifest["theme_color"].startswith("#") and manifest["background_color"].startswith("#")
    icons = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
        image.close()


def test_service_worker_is_at_the_root_and_never_cached_long(client):
    """Served from /sw.js (scope /) as JavaScript that browsers re-check every visit."""
    response = client.get("/sw.js")
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    script = response.get_data(as_text=True)
    assert "caches.delete" in script and '"sync"' in script


def test_service_worker_precaches_the_shell_under_a_versioned_cache(client):
    """CSS, htmx, icons and the offline page, by their hashed names."""
    script = client.get("/sw.js").get_data(as_text=True)
    precache = json.loads(script.split("var PRECACHE = ")[1].split(";\n")[0])
    assert "/offline" in precache
    for name in ("/static/app.", "/static/vendor/htmx-2.0.11.min.", "/static/icons/icon-192."):
        assert any(url.startswith(name) for url in precache), name
    for url in precache:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()
    assert 'var SHELL = "shell-" + VERSION' in script


def test_offline_page_explains_what_still_works(client):
    """Visited pages stay readable; submissions wait for signal."""
    page = client.get("/offline").get_data(as_text=True)
    assert "Tidak ada sinyal" in page and "dikirim otomatis" in page


def test_token_gives_a_fresh_csrf_token_never_cached(client):
    """Offline replays fetch a current token before posting."""
    response = client.get("/token")
    assert response.get_json()["csrf_token"] and response.headers["Cache-Control"] == "no-store"


def test_every_page_links_manifest_and_scripts_without_third_parties(client):
    """The manifest, and only this site's own scripts and styles."""
    page = client.get("/").get_data(as_text=True)
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert "http://" not in page and "https://" not in page
    assert 'hx-boost="true"' in page and "htmx-2.0.11.min." in page
