#!/usr/bin/env bash
# make-export.sh — regenerate export.xml and uploads/ in this folder from a
# real WordPress install (Debian's `wordpress` package) on this machine.
#
# What it does, start to finish (re-runnable; every run starts from scratch):
#   1. installs the Debian packages it needs, if they are missing;
#   2. starts MariaDB if it is not running (no systemd needed);
#   3. drops and re-creates the database `orgsite_wp` and its user;
#   4. writes Debian's host-specific WordPress config
#      /etc/wordpress/config-wp.example.org.php, pointing wp-content at
#      $WP_WORK/wp-content (default /tmp/orgsite-wp) so uploads land there;
#   5. draws the four source images with ImageMagick (fixed seeds);
#   6. runs make-export.php twice: `install` (wp_install, options) and
#      `content` (users, terms, media, posts, pages, comments, menu,
#      reusable block, then export_wp());
#   7. copies the WXR file and the uploads tree here and checks the XML.
#
# Needs root (apt-get, /etc/wordpress). Nothing outside this folder, /tmp,
# /etc/wordpress and the MariaDB data directory is touched.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${WP_WORK:-/tmp/orgsite-wp}"
HOST="wp.example.org"
DB="orgsite_wp"
DB_USER="orgsite_wp"
DB_PASS="orgsite_wp"

# --- 1. packages -----------------------------------------------------------
PKGS=(wordpress php-cli php-mysql php-gd php-mbstring php-xml mariadb-server imagemagick libxml2-utils)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# --- 2. MariaDB --------------------------------------------------------------
started_db=0
if ! mysqladmin ping >/dev/null 2>&1; then
  service mariadb start >/dev/null 2>&1 || { (mysqld_safe >/dev/null 2>&1 &); }
  for _ in $(seq 1 60); do mysqladmin ping >/dev/null 2>&1 && break; sleep 1; done
  mysqladmin ping >/dev/null
  started_db=1
fi

# --- 3. database -------------------------------------------------------------
mysql <<SQL
DROP DATABASE IF EXISTS \`$DB\`;
CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON \`$DB\`.* TO '$DB_USER'@'localhost';
FLUSH PRIVILEGES;
SQL

# --- 4. WordPress config and content directory -------------------------------
rm -rf "$WORK"
mkdir -p "$WORK/wp-content/uploads" "$WORK/src"
# Themes, plugins and translations come from the package; uploads are ours.
for d in themes plugins languages; do
  ln -s "/usr/share/wordpress/wp-content/$d" "$WORK/wp-content/$d"
done

cat > "/etc/wordpress/config-$HOST.php" <<PHP
<?php
// Written by orgsite's internal/wordpress/testdata/make-export.sh
define('DB_NAME', '$DB');
define('DB_USER', '$DB_USER');
define('DB_PASSWORD', '$DB_PASS');
define('DB_HOST', 'localhost');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', 'http://$HOST');
define('WP_SITEURL', 'http://$HOST');
define('WP_CONTENT_DIR', '$WORK/wp-content');
define('WP_CONTENT_URL', 'http://$HOST/wp-content');
define('DISABLE_WP_CRON', true);         // no loop-back HTTP requests from the CLI
define('WP_HTTP_BLOCK_EXTERNAL', true);  // the machine has no internet anyway
define('AUTOMATIC_UPDATER_DISABLED', true);
PHP

# --- 5. source images ----------------------------------------------------------
# "Photograph-like" landscapes (sky gradient, fractal ground, a sun) at
# 1600x1067, and a transparent PNG logo at 800x400. Seeds keep them stable.
cd "$WORK/src"
convert -seed 11 -size 1600x1067 gradient:'#6fa8dc'-'#e3eef9' \
  \( -seed 11 -size 1600x520 plasma:'#3d6b35'-'#9fb57a' -blur 0x3 -modulate 100,55 \) \
  -gravity south -composite -fill '#fff6d5' -draw 'circle 1200,230 1200,300' \
  -quality 80 -sampling-factor 4:2:0 -strip danube-riverbank-vienna.jpg
convert -seed 23 -size 1600x1067 gradient:'#f6a55a'-'#3b3f6b' -flip \
  \( -seed 23 -size 1600x430 plasma:'#2b2d42'-'#6d597a' -blur 0x2 -modulate 100,60 \) \
  -gravity south -composite -fill '#ffd9a0' -draw 'circle 420,640 420,700' \
  -quality 80 -sampling-factor 4:2:0 -strip baku-waterfront-dusk.jpg
convert -seed 37 -size 1600x1067 gradient:'#c9ced6'-'#8d99a6' \
  \( -seed 37 -size 1600x600 plasma:'#7a5c3e'-'#c8a46e' -blur 0x3 -modulate 100,60 \) \
  -gravity south -composite \
  -quality 80 -sampling-factor 4:2:0 -strip sheki-workshop-participants.jpg
convert -size 800x400 xc:none \
  -fill '#1d4e89' -draw 'circle 200,200 200,40' \
  -fill '#ffffff' -draw 'circle 200,200 200,110' \
  -fill '#f2a541' -draw 'roundrectangle 400,120 760,170 20,20' \
  -fill '#1d4e89' -draw 'roundrectangle 400,200 700,240 20,20' \
  -fill '#1d4e89' -draw 'roundrectangle 400,270 620,300 15,15' \
  -depth 8 -define png:color-type=6 cmp-logo.png
cd - >/dev/null

# --- 6. WordPress: install, content, export ----------------------------------
php "$HERE/make-export.php" install
php "$HERE/make-export.php" content "$WORK/src" "$WORK/export.xml"

# --- 7. copy out and check ---------------------------------------------------
rm -rf "$HERE/uploads"
cp -a "$WORK/wp-content/uploads" "$HERE/uploads"
cp "$WORK/export.xml" "$HERE/export.xml"
xmllint --noout "$HERE/export.xml"

echo "WordPress $(php -r 'include "/usr/share/wordpress/wp-includes/version.php"; echo $wp_version;'), $(php -r 'echo "PHP ".PHP_VERSION;'), $(mysql -N -e 'SELECT VERSION()')"
du -sh "$HERE"

if ((started_db)); then
  service mariadb stop >/dev/null 2>&1 || mysqladmin shutdown || true
fi
