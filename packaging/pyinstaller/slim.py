"""Make the Linux bundle lighter by what the kiosk never runs, measured file by file.

OpenCV's wheel carries three things the kiosk does not use, and Qt one:

* **FFmpeg** (libavcodec, libavformat, libavutil, libswscale and the codecs they load): the
  video *file* back end. A kiosk reads its camera through V4L2 and still images through
  OpenCV's own codecs; OpenCV's built-in MJPEG reader still plays ``.avi`` files. The module
  keeps its links to FFmpeg, so each library is replaced by a stub that defines the same
  versioned symbols and stops the process with a clear message if one is ever called; the
  launcher disables the back end (``OPENCV_VIDEOIO_PRIORITY_FFMPEG=0``, OpenCV's videoio
  documentation) so OpenCV never asks FFmpeg for a file.
* **AVIF** (libavif with the AV1 codec libaom): the kiosk's intake refuses AVIF before
  OpenCV sees the bytes (``kiosk.imaging.decode.sniff_format``). OpenCV itself creates an
  AVIF encoder when it lists its codecs and an AVIF decoder to test each unknown buffer's
  signature; both treat a NULL from ``avifEncoderCreate``/``avifDecoderCreate`` as "none"
  (``modules/imgcodecs/src/grfmt_avif.cpp``), so those two stubs return NULL and OpenCV
  sees no AVIF file; every other libavif stub stops the process.
* **OpenBLAS** with its Fortran runtime, for the nineteen BLAS/LAPACK routines OpenCV calls
  (LU, QR, SVD, Cholesky, GEMM on large matrices): the module is linked to Debian's
  reference ``liblapack.so.3`` and ``libblas.so.3`` instead (the same Fortran and CBLAS
  interface; the matrices a kiosk solves are 3x3 to 9x9), and the package depends on them.
* **ICU data** for every language: Qt links ICU but the kiosk speaks English and Spanish, so
  the data library is rebuilt with ICU's own package tool (``icupkg``), keeping the root,
  English and Spanish resources and everything that is not per language, without the
  character-set converters and the word-break dictionaries of other scripts.

Each step prints what it saved. Needs gcc, readelf, nm, patchelf and icupkg (Debian's
icu-devtools).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The part of a library's name before its hash or version: ``libavcodec-e863e0e1.so.63``.
STUBBED = ("libavcodec", "libavformat", "libavutil", "libswscale", "libavif")
OPENBLAS = "libopenblas"
SYSTEM_LAPACK = ("liblapack.so.3", "libblas.so.3")
ICU_DATA = "libicudata.so."
KEPT_LANGUAGES = ("en", "es")
# A resource named for a locale: "de", "zh_Hant_TW", "ca_ES_VALENCIA" (ICU's locale IDs).
_LOCALE_RESOURCE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
# Functions whose callers in OpenCV take NULL for "not available" (see the module docstring).
_RETURNS_NULL = frozenset({"avifDecoderCreate", "avifEncoderCreate"})
_STUB_MESSAGE = (
    "kiosk: {name} was called, but {library} is not in this bundle "
    "(video files and AVIF images are not read by the kiosk)"
)


class SlimError(RuntimeError):
    """A step could not be carried out; the bundle must not ship half slimmed."""


@dataclass(frozen=True)
class Saving:
    """What one step removed, in bytes."""

    step: str
    removed: int
    added: int

    def __str__(self) -> str:
        return f"{self.step}: {(self.removed - self.added) / 1e6:.1f} MB less"


def _run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SlimError(f"{command[0]} failed: {result.stderr.strip()[-400:]}")
    return result.stdout


def needed(path: Path) -> list[str]:
    """The DT_NEEDED names of a shared object."""
    return re.findall(
        r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", _run("readelf", "-dW", str(path))
    )


def _undefined(path: Path) -> set[str]:
    """Undefined dynamic symbols, with their version where they have one (``name@VER``)."""
    out = _run("nm", "-D", "--undefined-only", str(path))
    return {line.split()[-1] for line in out.splitlines() if line.strip()}


def _defined_functions(path: Path) -> dict[str, str | None]:
    """Functions a library exports, each with its default version (or None)."""
    out = _run("nm", "-D", "--defined-only", "--with-symbol-versions", str(path))
    functions: dict[str, str | None] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[1] not in {"T", "W", "i"}:
            continue
        name, _, version = parts[2].replace("@@", "@").partition("@")
        functions[name] = version or None
    return functions


def _module(internal: Path) -> Path:
    found = sorted(internal.glob("cv2/cv2*.so"))
    if len(found) != 1:
        raise SlimError(f"expected one OpenCV module under {internal / 'cv2'}, found {len(found)}")
    return found[0]


def _stub_source(library: str, names: list[str]) -> str:
    message = _STUB_MESSAGE.format(name="%s", library=library)
    lines = [
        "#include <stdio.h>",
        "#include <stdlib.h>",
        "static void gone(const char *name) {",
        f'    fprintf(stderr, "{message}\\n", name);',
        "    abort();",
        "}",
    ]
    lines += [
        f"void *{name}(void) {{ return 0; }}"
        if name in _RETURNS_NULL
        else f'void {name}(void) {{ gone("{name}"); }}'
        for name in names
    ]
    return "\n".join(lines) + "\n"


def stub_libraries(internal: Path) -> Saving:
    """Replace FFmpeg and libavif by stubs exporting what OpenCV's module links to."""
    module = _module(internal)
    wanted = _undefined(module)
    wanted_names = {symbol.partition("@")[0] for symbol in wanted}
    removed = added = 0
    replaced = 0
    for name in needed(module):
        if not name.startswith(STUBBED):
            continue
        library = next(module.parent.parent.rglob(name), None)
        if library is None:
            raise SlimError(f"{name}, needed by {module.name}, is not in the bundle")
        exported = _defined_functions(library)
        names = sorted(wanted_names & exported.keys())
        if not names:
            raise SlimError(f"{module.name} takes nothing from {name}")
        versions = sorted({exported[n] for n in names if exported[n]})
        with tempfile.TemporaryDirectory() as work:
            source = Path(work) / "stub.c"
            source.write_text(_stub_source(name.split("-")[0], names), encoding="ascii")
            command = ["gcc", "-shared", "-fPIC", "-O2", "-s", f"-Wl,-soname,{name}"]
            if versions:
                script = Path(work) / "stub.map"
                script.write_text(_version_script(versions, names, exported), encoding="ascii")
                command.append(f"-Wl,--version-script={script}")
            out = Path(work) / name
            _run(*command, "-o", str(out), str(source))
            removed += library.stat().st_size
            added += out.stat().st_size
            shutil.copyfile(out, library)
        replaced += 1
    if replaced == 0:
        raise SlimError(f"{module.name} links to none of {', '.join(STUBBED)}")
    removed += _remove_orphans(internal)
    return Saving("FFmpeg and AVIF stubbed", removed, added)


def _version_script(versions: list[str], names: list[str], exported: dict[str, str | None]) -> str:
    blocks = []
    for version in versions:
        members = "".join(f" {n};" for n in names if exported[n] == version)
        blocks.append(f"{version} {{ global:{members} local: *; }};")
    return "\n".join(blocks) + "\n"


def use_system_lapack(internal: Path) -> Saving:
    """Link OpenCV's module to Debian's reference LAPACK and BLAS instead of its OpenBLAS."""
    module = _module(internal)
    openblas = [name for name in needed(module) if name.startswith(OPENBLAS)]
    if len(openblas) != 1:
        raise SlimError(f"{module.name} does not link to one {OPENBLAS} ({openblas})")
    _run("patchelf", "--replace-needed", openblas[0], SYSTEM_LAPACK[0], str(module))
    _run("patchelf", "--add-needed", SYSTEM_LAPACK[1], str(module))
    return Saving("OpenBLAS replaced by the system's LAPACK", _remove_orphans(internal), 0)


def _remove_orphans(internal: Path) -> int:
    """Delete the libraries of OpenCV's ``*.libs`` folder that nothing in the bundle needs."""
    # Each library's needs, read once; a deleted library's needs stop counting.
    needs = {
        path: set(needed(path))
        for path in internal.rglob("*.so*")
        if path.is_file() and not path.is_symlink()
    }
    candidates = [path for folder in internal.glob("opencv*.libs") for path in folder.iterdir()]
    removed = 0
    while orphans := [
        path
        for path in candidates
        if path in needs and not any(path.name in wants for wants in needs.values())
    ]:
        for path in orphans:
            removed += path.stat().st_size
            path.unlink()
            del needs[path]
    # PyInstaller's links beside _internal's top to what was just deleted.
    for link in internal.iterdir():
        if link.is_symlink() and not link.exists():
            link.unlink()
    return removed


def _locale_of(item: str) -> str | None:
    """The locale a data item is for (``coll/de.res`` -> ``de``), or None if it is for all."""
    stem, _, suffix = item.rpartition("/")[2].partition(".")
    if suffix != "res" or stem == "res_index" or not _LOCALE_RESOURCE.match(stem):
        return None
    return stem


def icu_items_to_drop(items: list[str]) -> list[str]:
    """The ICU data items a kiosk speaking English and Spanish does without."""
    drop = []
    for item in items:  # as icupkg lists them: "de.res", "coll/de.res", "ibm-1047_P100-1995.cnv"
        locale = _locale_of(item)
        other_language = locale is not None and locale.split("_")[0] not in KEPT_LANGUAGES
        if other_language or item.endswith((".cnv", ".dict")) or item.startswith("translit/"):
            drop.append(item)
    return drop


def icu_data_library(internal: Path) -> Path:
    """The bundle's ICU data library (``libicudata.so.NN``)."""
    found = [p for p in internal.rglob(f"{ICU_DATA}*") if p.is_file() and not p.is_symlink()]
    if len(found) != 1:
        raise SlimError(f"expected one {ICU_DATA}* in the bundle, found {len(found)}")
    return found[0]


def _extract_package(library: Path, folder: Path) -> tuple[str, Path]:
    """Write the library's data blob out as an ICU .dat package; its symbol and path."""
    symbol, offset, size = _data_symbol(library)
    package = folder / f"{symbol.removesuffix('_dat')}l.dat"
    with library.open("rb") as handle:
        handle.seek(offset)
        package.write_bytes(handle.read(size))
    return symbol, package


def icu_items(library: Path) -> list[str]:
    """The items of an ICU data library, as icupkg lists them."""
    with tempfile.TemporaryDirectory() as work:
        _, package = _extract_package(library, Path(work))
        # A trimmed package lacks the dictionaries the root break rules name (see below).
        return _run("icupkg", "--ignore-deps", "-l", str(package)).split()


def trim_icu(internal: Path) -> Saving:
    """Rebuild ICU's data library with the kiosk's languages only."""
    library = icu_data_library(internal)
    with tempfile.TemporaryDirectory() as work:
        symbol, package = _extract_package(library, Path(work))
        items = _run("icupkg", "-l", str(package)).split()
        drop = icu_items_to_drop(items)
        if not drop or len(drop) == len(items):
            raise SlimError(f"the ICU data filter keeps {len(items) - len(drop)} of {len(items)}")
        listing = Path(work) / "drop.txt"
        listing.write_text("\n".join(drop) + "\n", encoding="ascii")
        # icupkg names the items after the output file: it must keep the package's name.
        (Path(work) / "out").mkdir()
        trimmed = Path(work) / "out" / package.name
        _remove_items(listing, package, trimmed)
        assembly = Path(work) / "data.S"
        assembly.write_text(
            f".section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n"
            f'{symbol}:\n.incbin "{trimmed}"\n.size {symbol}, . - {symbol}\n'
            '.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        out = Path(work) / library.name
        _run(
            "gcc",
            "-shared",
            "-nostdlib",
            "-s",
            f"-Wl,-soname,{_soname(library)}",
            "-o",
            str(out),
            str(assembly),
        )
        before = library.stat().st_size
        shutil.copyfile(out, library)
    return Saving(
        f"ICU data for {' and '.join(KEPT_LANGUAGES)} only", before, library.stat().st_size
    )


def _remove_items(listing: Path, package: Path, trimmed: Path) -> None:
    """icupkg -r, accepting only the word-break dictionaries as missing dependencies.

    The root break-iterator resource names the Thai, Lao, Khmer, Burmese and CJK
    dictionaries; without them ICU breaks those scripts' words without a dictionary, which
    no screen of the kiosk shows. Any other missing dependency stops the build.
    """
    command = ["icupkg", "-r", str(listing), str(package), str(trimmed)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return
    missing = set(re.findall(r"depends on missing item (\S+)", result.stderr))
    if not missing or any(not item.endswith(".dict") for item in missing):
        raise SlimError(f"icupkg failed: {result.stderr.strip()[-400:]}")
    _run(*command[:1], "--ignore-deps", *command[1:])


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """The name, file offset and size of ICU's data blob (``icudtNN_dat``)."""
    out = _run("readelf", "-W", "--dyn-syms", str(library))
    match = re.search(r"([0-9a-f]+)\s+(\S+)\s+OBJECT\s+GLOBAL\s+\S+\s+(\d+)\s+(icudt\d+_dat)", out)
    if not match:
        raise SlimError(f"{library.name} exports no icudtNN_dat")
    address, size_text, section, symbol = match.groups()
    size = int(size_text, 0) if size_text.startswith("0x") else int(size_text)
    sections = _run("readelf", "-W", "-S", str(library))
    row = re.search(rf"\[\s*{section}\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)
    if not row:
        raise SlimError(f"{library.name}: no section {section}")
    section_address, section_offset = (int(v, 16) for v in row.groups())
    return symbol, int(address, 16) - section_address + section_offset, size


def _soname(library: Path) -> str:
    match = re.search(
        r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", _run("readelf", "-dW", str(library))
    )
    return match.group(1) if match else library.name


def slim(bundle: Path) -> list[Saving]:
    """Carry out every step on the bundle folder (the one holding ``_internal``)."""
    internal = bundle / "_internal"
    for tool in ("gcc", "readelf", "nm", "patchelf", "icupkg"):
        if shutil.which(tool) is None:
            raise SlimError(
                f"{tool} is required (apt-get install gcc binutils patchelf icu-devtools)"
            )
    return [stub_libraries(internal), use_system_lapack(internal), trim_icu(internal)]
