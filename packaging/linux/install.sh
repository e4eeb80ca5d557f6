#!/bin/sh
# Install the Linux bundle for the current user, no root needed:
#   packaging/linux/install.sh [BUNDLE_DIR]     (default: dist/reviewer-workstation)
#   packaging/linux/install.sh --uninstall
#
#   ~/.local/opt/reviewer-workstation/        the bundle
#   ~/.local/bin/reviewer-app                 the command (GUI with no arguments)
#   ~/.local/share/applications/              the .desktop entry (opens *.umcase)
#   ~/.local/share/icons/hicolor/*/apps/      the icons
#   ~/.local/share/mime/packages/             the application/x-umcase type
#   ~/.local/share/metainfo/                  the AppStream description
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
app_id=org.example.ReviewerWorkstation
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
opt_dir=$HOME/.local/opt/reviewer-workstation
bin_dir=$HOME/.local/bin

refresh_caches() {
    if command -v update-mime-database >/dev/null; then
        update-mime-database "$data_home/mime"
    fi
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$data_home/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null; then
        gtk-update-icon-cache -q -t "$data_home/icons/hicolor" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$opt_dir"
    rm -f "$bin_dir/reviewer-app" \
        "$data_home/applications/$app_id.desktop" \
        "$data_home/mime/packages/x-umcase.xml" \
        "$data_home/metainfo/$app_id.metainfo.xml" \
        "$data_home/icons/hicolor/scalable/apps/$app_id.svg"
    for size in 16 32 48 64 128 256; do
        rm -f "$data_home/icons/hicolor/${size}x${size}/apps/$app_id.png"
    done
    refresh_caches
    echo "Reviewer Workstation uninstalled (case files and settings were left in place)."
    exit 0
fi

bundle=${1:-$root/dist/reviewer-workstation}
if [ ! -x "$bundle/reviewer-workstation" ]; then
    echo "install.sh: no bundle at $bundle (build it with: make package)" >&2
    exit 1
fi

# The bundle: copy to a new folder, then swap it in, so a failed copy leaves the old one.
mkdir -p "$(dirname "$opt_dir")" "$bin_dir"
rm -rf "$opt_dir.new"
cp -a "$bundle" "$opt_dir.new"
rm -rf "$opt_dir"
mv "$opt_dir.new" "$opt_dir"
ln -sf "$opt_dir/reviewer-workstation" "$bin_dir/reviewer-app"

# The desktop entry runs `reviewer-app`; ~/.local/bin is not on every desktop
# session's PATH, so the installed copy names the program by its full path.
mkdir -p "$data_home/applications"
sed -e "s|^Exec=reviewer-app|Exec=$bin_dir/reviewer-app|" \
    -e "s|^TryExec=reviewer-app|TryExec=$bin_dir/reviewer-app|" \
    "$here/$app_id.desktop" >"$data_home/applications/$app_id.desktop"

for size in 16 32 48 64 128 256; do
    install -D -m 644 "$here/icons/${size}x${size}/$app_id.png" \
        "$data_home/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
install -D -m 644 "$root/resources/icons/reviewer-workstation.svg" \
    "$data_home/icons/hicolor/scalable/apps/$app_id.svg"
install -D -m 644 "$here/x-umcase.xml" "$data_home/mime/packages/x-umcase.xml"
install -D -m 644 "$here/$app_id.metainfo.xml" "$data_home/metainfo/$app_id.metainfo.xml"
refresh_caches

echo "Reviewer Workstation installed in $opt_dir"
case ":$PATH:" in
*":$bin_dir:"*) ;;
*) echo "Add $bin_dir to PATH to run reviewer-app from a terminal." ;;
esac
