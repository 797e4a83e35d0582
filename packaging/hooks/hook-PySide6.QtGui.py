"""PyInstaller hook for PySide6.QtGui: PyInstaller's own collection, less the Qt plugins a
front-desk program never loads. Each one dropped here also keeps out the libraries it links
(the GTK theme pulls GTK 3 and its stack, the virtual keyboard pulls Qt Quick and QML)."""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

#: Plugin folders left out whole: embedded-device input and displays, Wayland's client-side
#: plugins (a Linux desktop runs the program through XWayland), the GTK theme.
DROPPED_TYPES = {
    "egldeviceintegrations",
    "generic",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-shell-integration",
    "iconengines",
}
#: Of the folders kept, the plugins kept (by the start of the file name, without "lib").
KEPT = {
    "platforms": ("qxcb", "qoffscreen", "qminimal.", "qwindows", "qdirect2d"),
    "platformthemes": ("qxdgdesktopportal",),
    "platforminputcontexts": (
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    ),
    "imageformats": ("qgif", "qico", "qjpeg"),
}


def _kept(source: str, dest: str) -> bool:
    parts = dest.replace("\\", "/").split("/")
    if "plugins" not in parts:
        return True
    plugin_type = parts[parts.index("plugins") + 1] if parts[-1] != "plugins" else ""
    if plugin_type in DROPPED_TYPES:
        return False
    prefixes = KEPT.get(plugin_type)
    if prefixes is None:
        return True
    name = source.replace("\\", "/").split("/")[-1]
    name = name[3:] if name.startswith("lib") else name
    return name.startswith(prefixes)


binaries = [(source, dest) for source, dest in binaries if _kept(source, dest)]
