#!/bin/sh
# Adds Laoshifu to this user's application menu, pointing at the bundle folder it lies in.
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$HOME/.local/share/applications" "$HOME/.local/share/icons"
cp "$here/laoshifu.svg" "$HOME/.local/share/icons/laoshifu.svg"
sed -e "s|^Exec=.*|Exec=$here/laoshifu-gui|" \
    -e "s|^Icon=.*|Icon=$HOME/.local/share/icons/laoshifu.svg|" \
    "$here/laoshifu.desktop" > "$HOME/.local/share/applications/laoshifu.desktop"
echo "Laoshifu added to the application menu."
