"""Where the project template comes from: a git history of its versions, readable offline.

Projects record the template's canonical URL as `_src_path` and a version tag as `_commit`, so
plain `copier update` works wherever that URL can be reached. kgen itself never needs the
network: it carries every template version in a git bundle (built by `kgen.history`) and, while
it calls copier, tells git to read the canonical URL from that bundle
(`url.<bundle>.insteadOf`, passed through `GIT_CONFIG_*` variables).

The bundle is `kgen/_template/templates.bundle` in an installed wheel. A source checkout builds
it from its own history into `build/template-source/`, so it renders what the checkout holds.
`KGEN_TEMPLATE_BUNDLE` (and `KGEN_TEMPLATE_URL`) choose another template history, such as a
fork's.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kgen import __version__, history
from kgen.errors import HistoryError, KgenError

CANONICAL_URL = "https://github.com/kgen-project/kgen-template.git"
BUNDLE_NAME = "templates.bundle"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class TemplateSource:
    """A template history: the URL projects record and the bundle that holds it.

    Attributes:
        url: What projects record as `_src_path`.
        bundle: A git bundle with one `v<version>` tag per template version.
        cache: Where copier keeps its clone of the history.
    """

    url: str
    bundle: Path
    cache: Path

    @cached_property
    def versions(self) -> list[str]:
        """The version numbers in the bundle, oldest first."""
        heads = _run_git("bundle", "list-heads", str(self.bundle))
        tags = re.findall(r"refs/tags/" + re.escape(history.TAG_PREFIX) + r"(\S+)$", heads, re.MULTILINE)
        return sorted(tags, key=version_key)

    @property
    def latest(self) -> str:
        return self.versions[-1]

    @contextlib.contextmanager
    def redirect(self) -> Iterator[None]:
        """Within this block, git reads `url` from the bundle, and copier caches its clone in `cache`.

        copier runs git through plumbum, which copies the environment when it is imported, so
        the variables go through `plumbum.local.env` as well as `os.environ`. A lock keeps
        two kgen processes from refreshing the same cached clone at once.
        """
        from plumbum import local  # deferred: copier's dependency, loaded with copier

        count = int(os.environ.get("GIT_CONFIG_COUNT", "0"))  # keep the user's own GIT_CONFIG_* entries
        variables = {
            "GIT_CONFIG_COUNT": str(count + 1),
            f"GIT_CONFIG_KEY_{count}": f"url.{self.bundle.as_posix()}.insteadOf",
            f"GIT_CONFIG_VALUE_{count}": self.url,
            "COPIER_CACHE_DIR": str(self.cache),
        }
        saved = {key: os.environ.get(key) for key in variables}
        self.cache.mkdir(parents=True, exist_ok=True)
        with _locked(self.cache / ".lock"), local.env(**variables):
            os.environ.update(variables)
            try:
                yield
            finally:
                for key, value in saved.items():
                    if value is None:
                        os.environ.pop(key, None)
                    else:
                        os.environ[key] = value


def version_key(number: str) -> tuple:
    """A sort key for version numbers such as `0.2.0` or `1.0.0rc1` (PEP 440)."""
    from packaging.version import InvalidVersion, Version  # deferred: copier's dependency

    try:
        return (1, Version(number))
    except InvalidVersion:
        return (0, number)


def installed() -> TemplateSource:
    """The template history this kgen renders from.

    Raises:
        KgenError: No bundle is installed and none can be built here.
    """
    bundle = os.environ.get("KGEN_TEMPLATE_BUNDLE")
    if bundle:
        path = Path(bundle).expanduser().resolve()
        if not path.is_file():
            raise KgenError(
                f"KGEN_TEMPLATE_BUNDLE names `{path}`, which is not a file", hint="unset it to use kgen's own template"
            )
        return _source(os.environ.get("KGEN_TEMPLATE_URL", CANONICAL_URL), path, _user_cache())
    shipped = _PACKAGE / "_template" / BUNDLE_NAME
    if shipped.is_file():
        return _source(CANONICAL_URL, shipped, _user_cache())
    checkout = _PACKAGE.parent
    if (checkout / ".git").exists():
        return _build_from_checkout(checkout)
    raise KgenError("kgen's template history is missing", hint="reinstall kgen: `pip install --force-reinstall kgen`")


def _source(url: str, bundle: Path, cache_root: Path) -> TemplateSource:
    key = hashlib.sha256(f"{url}\n{bundle}".encode()).hexdigest()[:16]
    return TemplateSource(url, bundle, cache_root / "mirrors" / key)


def _build_from_checkout(checkout: Path) -> TemplateSource:
    """Build the bundle from the checkout's history and working tree (about 0.1 s)."""
    folder = checkout / "build" / "template-source"
    folder.mkdir(parents=True, exist_ok=True)
    bundle = folder / BUNDLE_NAME
    try:
        with _locked(folder / ".lock"):
            found = history.build(checkout, bundle, work=folder / "history.git")
    except HistoryError as error:
        raise KgenError(f"cannot read the template's versions: {error}", hint="run kgen from a full clone") from None
    if found[-1].number != __version__:
        raise KgenError(
            f"the checkout's newest template version is {found[-1].number}, but kgen is {__version__}",
            hint="reinstall kgen from this checkout: `pip install -e .`",
        )
    return _source(CANONICAL_URL, bundle, folder)


def _user_cache() -> Path:
    root = os.environ.get("KGEN_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    base = Path(root) if root else Path.home() / ".cache"
    return base if os.environ.get("KGEN_CACHE_DIR") else base / "kgen"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` for the block (none where `fcntl` is missing)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_git(*args: str) -> str:
    result = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise KgenError(f"`git {' '.join(args)}` failed: {result.stderr.strip()}", hint="check that git is installed")
    return result.stdout
