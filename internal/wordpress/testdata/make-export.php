<?php
/**
 * make-export.php — builds a small, realistic WordPress site through
 * WordPress's own PHP API and writes the WXR file that Tools → Export
 * ("All content") would produce. Driven by make-export.sh:
 *
 *   php make-export.php install
 *   php make-export.php content SRC_IMAGE_DIR OUT_XML
 *
 * The two phases are separate processes because the install phase must run
 * with WP_INSTALLING defined, while the content phase should see a normal,
 * fully loaded site (active theme, default filters, rewrite rules).
 *
 * Everything goes through the same functions the editor and the media
 * library use (wp_insert_post, wp_update_post, wp_upload_bits,
 * wp_insert_attachment, wp_generate_attachment_metadata, wp_insert_comment,
 * wp_update_nav_menu_item, ...). Posts are made the way the editor makes
 * them: an auto-draft first (so the GUID is ?p=N and uploads can be
 * attached to it), then an update that gives it its title, body and status.
 */

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
$phase = $argv[1] ?? '';
if ( ! in_array( $phase, array( 'install', 'content' ), true ) ) {
	fwrite( STDERR, "usage: php make-export.php install | content SRC_DIR OUT_XML\n" );
	exit( 2 );
}

// Debian's /usr/share/wordpress/wp-config.php loads
// /etc/wordpress/config-<HTTP_HOST>.php, written by make-export.sh.
$_SERVER['HTTP_HOST']      = 'wp.example.org';
$_SERVER['SERVER_NAME']    = 'wp.example.org';
$_SERVER['SERVER_PORT']    = '80';
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

if ( 'install' === $phase ) {
	define( 'WP_INSTALLING', true );
	// wp-admin/includes/upgrade.php only defines this if it does not exist yet:
	// there is nobody to e-mail the new password to.
	function wp_new_blog_notification() {}
}

require '/usr/share/wordpress/wp-load.php';

// The machine has no network: fail every outgoing HTTP request at once
// (pretty-permalink test in wp_install, pingbacks, enclosures, update pings)
// and send no mail.
add_filter(
	'pre_http_request',
	function () {
		return new WP_Error( 'http_request_failed', 'No network on this machine.' );
	},
	1
);
add_filter( 'pre_wp_mail', '__return_false' );

/** Stop with a message if a WordPress call failed. */
function must( $result, $what ) {
	if ( is_wp_error( $result ) || ! $result ) {
		$msg = is_wp_error( $result ) ? $result->get_error_message() : var_export( $result, true );
		fwrite( STDERR, "make-export.php: $what failed: $msg\n" );
		exit( 1 );
	}
	return $result;
}

if ( 'install' === $phase ) {
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	if ( is_blog_installed() ) {
		fwrite( STDERR, "make-export.php: already installed; make-export.sh drops the database first\n" );
		exit( 1 );
	}
	must(
		wp_install( 'International Centre for Migration Policy', 'admin', 'webmaster@wp.example.org', true, '', wp_generate_password( 24 ) ),
		'wp_install'
	);

	// wp_install_defaults() made "Hello world!", "Sample Page", a draft
	// "Privacy Policy" page and a sample comment: remove them (their IDs stay
	// used, as on any real site).
	foreach ( get_posts( array( 'post_type' => array( 'post', 'page' ), 'post_status' => 'any', 'numberposts' => -1 ) ) as $p ) {
		wp_delete_post( $p->ID, true );
	}
	update_option( 'wp_page_for_privacy_policy', 0 );

	update_option( 'blogdescription', 'Research, dialogue and partnerships on migration' );
	update_option( 'timezone_string', 'Europe/Vienna' );
	update_option( 'gmt_offset', '' );
	update_option( 'date_format', 'j F Y' );
	update_option( 'time_format', 'H:i' );
	update_option( 'start_of_week', 1 );

	global $wp_rewrite;
	$wp_rewrite->set_permalink_structure( '/%year%/%monthnum%/%day%/%postname%/' );
	flush_rewrite_rules( false ); // soft flush: rewrite_rules option only, no .htaccess
	echo 'installed WordPress ', $GLOBALS['wp_version'], ' at ', home_url( '/' ), "\n";
	exit( 0 );
}

// ---------------------------------------------------------------------------
// content phase
// ---------------------------------------------------------------------------
$src_dir = rtrim( $argv[2] ?? '', '/' );
$out_xml = $argv[3] ?? '';
if ( ! is_dir( $src_dir ) || '' === $out_xml ) {
	fwrite( STDERR, "usage: php make-export.php content SRC_DIR OUT_XML\n" );
	exit( 2 );
}

require_once ABSPATH . 'wp-admin/includes/image.php';  // wp_generate_attachment_metadata
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';  // get_image_send_to_editor, image_add_caption
require_once ABSPATH . 'wp-admin/includes/export.php'; // export_wp

// --- users -----------------------------------------------------------------
$aysel = must(
	wp_insert_user(
		array(
			'user_login'      => 'aysel',
			'user_pass'       => wp_generate_password( 24 ),
			'user_email'      => 'a.mammadova@wp.example.org',
			'first_name'      => 'Aysel',
			'last_name'       => 'Mammadova',
			'nickname'        => 'aysel',
			'display_name'    => 'Aysel Mammadova',
			'role'            => 'editor',
			'user_registered' => '2025-11-18 08:00:00',
		)
	),
	'wp_insert_user aysel'
);
$comms = must(
	wp_insert_user(
		array(
			'user_login'      => 'communications',
			'user_pass'       => wp_generate_password( 24 ),
			'user_email'      => 'communications@wp.example.org',
			'nickname'        => 'communications',
			'display_name'    => 'Communications Team',
			'role'            => 'administrator',
			'user_registered' => '2025-11-18 08:05:00',
		)
	),
	'wp_insert_user communications'
);

// Act as the administrator: it has unfiltered_html, so kses does not touch
// bodies (setting the user re-runs kses_init); remove the filters outright too.
wp_set_current_user( $comms );
kses_remove_filters();

// --- terms -----------------------------------------------------------------
$cat_events = must( wp_insert_term( 'Events', 'category', array( 'slug' => 'events', 'description' => 'Conferences, workshops and seminars organised or supported by the Centre.' ) ), 'term Events' )['term_id'];
$cat_policy = must( wp_insert_term( 'Migration policy', 'category', array( 'slug' => 'migration-policy', 'description' => 'Analysis and news on migration governance in Europe and its neighbourhood.' ) ), 'term Migration policy' )['term_id'];
must( wp_insert_term( 'mobility', 'post_tag' ), 'tag mobility' );
must( wp_insert_term( 'Azerbaijan', 'post_tag', array( 'description' => 'Cooperation with partners in Azerbaijan.' ) ), 'tag Azerbaijan' );

// --- helpers ---------------------------------------------------------------

/**
 * Create a post the way the editor does: an auto-draft (which gets the GUID
 * ?p=N / ?page_id=N), then wp_update_post() with the real fields. $before
 * runs in between with the new ID, e.g. to upload images attached to it.
 */
function editor_post( array $fields, callable $before = null ) {
	$type = $fields['post_type'] ?? 'post';
	$id   = must(
		wp_insert_post(
			array(
				'post_type'   => $type,
				'post_status' => 'auto-draft',
				'post_title'  => 'Auto Draft',
				'post_author' => $fields['post_author'],
			),
			true
		),
		'auto-draft for ' . $fields['post_title']
	);
	if ( $before ) {
		$before( $id );
	}
	$fields['ID'] = $id;
	if ( isset( $fields['post_date'] ) ) {
		$fields['edit_date'] = true; // the user picked the date; do not reset it to "now"
	}
	must( wp_update_post( wp_slash( $fields ), true ), 'wp_update_post ' . $fields['post_title'] );
	return $id;
}

/**
 * Upload an image as the media library does: copy it into uploads/YYYY/MM,
 * insert the attachment, generate the resized copies and their metadata,
 * and set the alt text.
 */
function add_image( $src, $yyyymm, array $fields, $alt, $parent = 0 ) {
	$up = wp_upload_bits( basename( $src ), null, file_get_contents( $src ), $yyyymm );
	if ( ! empty( $up['error'] ) ) {
		must( false, 'wp_upload_bits ' . $src . ': ' . $up['error'] );
	}
	$type = wp_check_filetype( $up['file'] );
	$id   = must(
		wp_insert_attachment(
			wp_slash(
				$fields + array(
					'guid'           => $up['url'],
					'post_mime_type' => $type['type'],
					'post_status'    => 'inherit',
				)
			),
			$up['file'],
			$parent,
			true
		),
		'wp_insert_attachment ' . $src
	);
	$meta = wp_generate_attachment_metadata( $id, $up['file'] );
	must( ! empty( $meta['sizes'] ), 'resized copies for ' . $src );
	wp_update_attachment_metadata( $id, $meta );
	update_post_meta( $id, '_wp_attachment_image_alt', wp_slash( $alt ) );
	return $id;
}

/** URL of a registered size of an attachment (e.g. the -1024x683 copy). */
function size_url( $id, $size ) {
	$src = wp_get_attachment_image_src( $id, $size );
	must( $src && ( 'full' === $size || $src[3] ), "size $size of attachment $id" );
	return $src[0];
}

// Block-editor markup, as the 6.1 block library serializes it.
function b_p( $html ) {
	return "<!-- wp:paragraph -->\n<p>$html</p>\n<!-- /wp:paragraph -->";
}
function b_h2( $text ) {
	return "<!-- wp:heading -->\n<h2>$text</h2>\n<!-- /wp:heading -->";
}
function b_list( array $items ) {
	$li = array();
	foreach ( $items as $item ) {
		$li[] = "<!-- wp:list-item -->\n<li>$item</li>\n<!-- /wp:list-item -->";
	}
	return "<!-- wp:list -->\n<ul>" . implode( "\n\n", $li ) . "</ul>\n<!-- /wp:list -->";
}
function b_image( $id, $size, $caption = '' ) {
	$attrs = wp_json_encode( array( 'id' => $id, 'sizeSlug' => $size, 'linkDestination' => 'none' ), JSON_UNESCAPED_SLASHES );
	$alt   = esc_attr( get_post_meta( $id, '_wp_attachment_image_alt', true ) );
	$fig   = '<img src="' . esc_url( size_url( $id, $size ) ) . '" alt="' . $alt . '" class="wp-image-' . $id . '"/>';
	if ( '' !== $caption ) {
		$fig .= '<figcaption class="wp-element-caption">' . $caption . '</figcaption>';
	}
	return "<!-- wp:image $attrs -->\n<figure class=\"wp-block-image size-$size\">$fig</figure>\n<!-- /wp:image -->";
}
function b_gallery( array $ids ) {
	$inner = array();
	foreach ( $ids as $id ) {
		$inner[] = b_image( $id, 'large' );
	}
	return "<!-- wp:gallery {\"linkTo\":\"none\"} -->\n<figure class=\"wp-block-gallery has-nested-images columns-default is-cropped\">"
		. implode( "\n\n", $inner ) . "</figure>\n<!-- /wp:gallery -->";
}
function b_youtube( $url ) {
	$attrs = wp_json_encode(
		array(
			'url'              => $url,
			'type'             => 'video',
			'providerNameSlug' => 'youtube',
			'responsive'       => true,
			'className'        => 'wp-embed-aspect-16-9 wp-has-aspect-ratio',
		),
		JSON_UNESCAPED_SLASHES
	);
	return "<!-- wp:embed $attrs -->\n"
		. '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube wp-embed-aspect-16-9 wp-has-aspect-ratio"><div class="wp-block-embed__wrapper">'
		. "\n$url\n</div></figure>\n<!-- /wp:embed -->";
}
function blocks( ...$blocks ) {
	return implode( "\n\n", $blocks );
}

// --- pages -----------------------------------------------------------------
// "About us": the logo PNG is uploaded from the page editor, so it is
// attached to the page (post_parent) and stored under 2025/11/.
$logo  = 0;
$about = editor_post(
	array(
		'post_type'    => 'page',
		'post_status'  => 'publish',
		'post_title'   => 'About us',
		'post_name'    => 'about-us',
		'post_author'  => $comms,
		'post_date'    => '2025-11-20 10:00:00',
		'menu_order'   => 1,
		'post_content' => '', // filled in below, once the logo's ID is known
	),
	function ( $page_id ) use ( $src_dir, $comms, &$logo ) {
		$logo = add_image(
			"$src_dir/cmp-logo.png",
			'2025/11',
			array(
				'post_title'   => 'Centre logo',
				'post_excerpt' => 'The Centre’s logo, transparent background.',
				'post_content' => 'Logo for use on light backgrounds. Do not recolour.',
				'post_author'  => $comms,
				'post_date'    => '2025-11-20 09:45:00',
			),
			'Logo of the International Centre for Migration Policy',
			$page_id
		);
	}
);
must(
	wp_update_post(
		wp_slash(
			array(
				'ID'           => $about,
				'post_content' => blocks(
					b_image( $logo, 'medium' ),
					b_p( 'The <strong>International Centre for Migration Policy</strong> is an intergovernmental organisation based in Vienna. Since 2003 it has supported governments in Europe, the South Caucasus and Central Asia in designing migration policies that are humane, evidence-based and workable.' ),
					b_p( 'We combine research, capacity building and dialogue: our staff of 140 work from Vienna, Baku, Tbilisi and Almaty with ministries, employers and civil society.' )
				),
			)
		),
		true
	),
	'About us content'
);

$team = editor_post(
	array(
		'post_type'    => 'page',
		'post_status'  => 'publish',
		'post_title'   => 'Team',
		'post_parent'  => $about,
		'post_author'  => $comms,
		'post_date'    => '2025-11-20 10:30:00',
		'menu_order'   => 1,
		'post_content' => blocks(
			b_p( 'Our programmes are led by a small management team:' ),
			b_list(
				array(
					'<strong>Director General</strong>: Dr. Helga Brunner',
					'<strong>Head of Programme, South Caucasus</strong>: Aysel Mammadova',
					'<strong>Head of Research</strong>: Dr. Tomasz Wiśniewski',
				)
			),
			b_p( 'Press enquiries go to the <a href="mailto:press@wp.example.org">Communications Team</a>.' )
		),
	)
);

$legal = editor_post(
	array(
		'post_type'    => 'page',
		'post_status'  => 'publish',
		'post_title'   => 'Legal notice',
		'post_author'  => $comms,
		'post_date'    => '2025-11-21 09:00:00',
		'menu_order'   => 2,
		// Classic content: line breaks only, no block comments.
		'post_content' => "International Centre for Migration Policy\nGonzagagasse 1\n1010 Vienna, Austria\n\n"
			. "Responsible for content: Communications Team, <a href=\"mailto:communications@wp.example.org\">communications@wp.example.org</a>\n\n"
			. "The Centre accepts no liability for the content of external links. Texts may be quoted with reference to the source.",
	)
);

// --- reusable block (post type wp_block; an importer must skip it) ---------
$reusable = must(
	wp_insert_post(
		wp_slash(
			array(
				'post_type'    => 'wp_block',
				'post_status'  => 'publish',
				'post_title'   => 'Newsletter sign-up',
				'post_author'  => $comms,
				'post_date'    => '2026-01-10 11:00:00',
				'post_content' => blocks(
					b_p( '<strong>Stay informed.</strong> Our monthly newsletter summarises new research, events and calls for proposals.' ),
					"<!-- wp:buttons -->\n<div class=\"wp-block-buttons\"><!-- wp:button -->\n<div class=\"wp-block-button\"><a class=\"wp-block-button__link wp-element-button\" href=\"http://wp.example.org/newsletter/\">Subscribe</a></div>\n<!-- /wp:button --></div>\n<!-- /wp:buttons -->"
				),
			)
		),
		true
	),
	'reusable block'
);

// --- (d) a post whose slug is changed after publishing ----------------------
$renamed = editor_post(
	array(
		'post_title'   => 'EU and Azerbaijan open talent partnership dialogue',
		'post_name'    => 'talent-partnership-dialogue',
		'post_status'  => 'publish',
		'post_author'  => $aysel,
		'post_date'    => '2026-01-15 09:00:00',
		'post_content' => blocks(
			b_p( 'Representatives of the European Commission and the State Migration Service of Azerbaijan met in Brussels to explore a talent partnership covering IT, logistics and nursing.' ),
			b_p( 'The Centre will map skills needs on both sides and propose pilot schemes by the end of the year.' )
		),
	)
);
wp_set_post_terms( $renamed, array( $cat_policy ), 'category' );
wp_set_post_terms( $renamed, array( 'Azerbaijan', 'mobility' ), 'post_tag' );
$renamed_old_link = get_permalink( $renamed ); // linked from the classic post below
// The editor changes the slug later; WordPress records _wp_old_slug itself.
must( wp_update_post( array( 'ID' => $renamed, 'post_name' => 'eu-azerbaijan-talent-partnership-dialogue' ), true ), 'rename slug' );

// --- (f) a post with two approved comments (one a threaded reply) ------------
$with_comments = editor_post(
	array(
		'post_title'   => 'Call for contributions: Vienna Migration Conference 2026',
		'post_status'  => 'publish',
		'post_author'  => $comms,
		'post_date'    => '2026-01-28 12:00:00',
		'post_content' => blocks(
			b_p( 'The Vienna Migration Conference 2026 will take place on 14 and 15 October. We invite researchers and practitioners to submit short papers on labour mobility, return and reintegration, and the use of data in migration policy.' ),
			b_p( 'Abstracts of up to 300 words are due by 31 March 2026.' )
		),
	)
);
wp_set_post_terms( $with_comments, array( $cat_events ), 'category' );
$c1 = must(
	wp_insert_comment(
		wp_slash(
			array(
				'comment_post_ID'      => $with_comments,
				'comment_author'       => 'Rashad Aliyev',
				'comment_author_email' => 'rashad.aliyev@example.net',
				'comment_author_url'   => 'https://example.net/rashad',
				'comment_author_IP'    => '192.0.2.44',
				'comment_date'         => '2026-01-29 18:12:00',
				'comment_content'      => "Will remote presentations be possible this year?\n\nSeveral colleagues from Ganja would like to take part but cannot travel in October.",
				'comment_approved'     => 1,
				'comment_agent'        => 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
				'comment_type'         => 'comment',
			)
		)
	),
	'comment 1'
);
must(
	wp_insert_comment(
		wp_slash(
			array(
				'comment_post_ID'      => $with_comments,
				'comment_parent'       => $c1,
				'user_id'              => $aysel,
				'comment_author'       => 'Aysel Mammadova',
				'comment_author_email' => 'a.mammadova@wp.example.org',
				'comment_author_url'   => '',
				'comment_author_IP'    => '192.0.2.10',
				'comment_date'         => '2026-01-30 09:05:00',
				'comment_content'      => 'Yes, every panel will have <em>one remote slot</em>. Please mention it in your abstract.',
				'comment_approved'     => 1,
				'comment_agent'        => 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
				'comment_type'         => 'comment',
			)
		)
	),
	'comment 2'
);

// --- (e) non-Latin titles: WordPress percent-encodes such slugs -------------
$az_post = editor_post(
	array(
		'post_title'   => 'Şəki və Gəncədə miqrasiya seminarı',
		'post_status'  => 'publish',
		'post_author'  => $aysel,
		'post_date'    => '2026-02-10 15:00:00',
		'post_content' => blocks(
			b_p( 'Fevral ayında Şəki və Gəncə şəhərlərində yerli icra hakimiyyətləri üçün iki günlük seminar keçirildi. İştirakçılar əmək miqrasiyası və geri qayıdanların reinteqrasiyası mövzularını müzakirə etdilər.' ),
			b_p( 'Seminarlar Mərkəzin Cənubi Qafqaz proqramı çərçivəsində təşkil olunub.' )
		),
	)
);
wp_set_post_terms( $az_post, array( $cat_events ), 'category' );
wp_set_post_terms( $az_post, array( 'Azerbaijan' ), 'post_tag' );

$ru_post = editor_post(
	array(
		'post_title'   => 'Круглый стол о трудовой миграции в Баку',
		'post_status'  => 'publish',
		'post_author'  => $aysel,
		'post_date'    => '2026-02-20 11:00:00',
		'post_content' => blocks(
			b_p( 'Двадцатого февраля в Баку состоялся круглый стол, посвящённый трудовой миграции между Южным Кавказом и Европейским союзом.' ),
			b_p( 'Эксперты обсудили признание квалификаций и защиту прав работников-мигрантов.' )
		),
	)
);
wp_set_post_terms( $ru_post, array( $cat_events ), 'category' );
wp_set_post_terms( $ru_post, array( 'Azerbaijan', 'mobility' ), 'post_tag' );

// --- (g) two slugs that collide once made ASCII (ə -> e) --------------------
$ganja_az = editor_post(
	array(
		'post_title'   => 'Gəncə forumu 2026',
		'post_status'  => 'publish',
		'post_author'  => $aysel,
		'post_date'    => '2026-02-24 10:00:00',
		'post_content' => b_p( 'Gəncə forumu 2026 gənc mütəxəssislərin mobilliyinə həsr olunub.' ),
	)
);
wp_set_post_terms( $ganja_az, array( $cat_events ), 'category' );
$ganja_ascii = editor_post(
	array(
		'post_title'   => 'Gence forumu 2026',
		'post_status'  => 'publish',
		'post_author'  => $comms,
		'post_date'    => '2026-02-25 10:00:00',
		'post_content' => b_p( 'Latin-only version of the Ganja forum announcement, for mail clients without Azerbaijani characters.' ),
	)
);
wp_set_post_terms( $ganja_ascii, array( $cat_events ), 'category' );

// --- images for (a) and (b) ------------------------------------------------
// sheki-workshop: uploaded in February from the media library (unattached).
$img_sheki = add_image(
	"$src_dir/sheki-workshop-participants.jpg",
	'2026/02',
	array(
		'post_title'   => 'Workshop participants in Sheki',
		'post_excerpt' => 'Participants of the Sheki workshop, February 2026.',
		'post_content' => 'Group work during the second day of the seminar for local authorities in Sheki.',
		'post_author'  => $comms,
		'post_date'    => '2026-02-11 16:20:00',
	),
	'Seminar participants working in small groups in Sheki'
);

// --- (a) block-editor post ---------------------------------------------------
$img_danube = 0;
$img_baku   = 0;
$block_post = editor_post(
	array(
		'post_title'   => 'Regional dialogue on labour mobility opens in Baku',
		'post_status'  => 'publish',
		'post_author'  => $aysel,
		'post_date'    => '2026-03-14 10:30:00',
		'post_excerpt' => 'Officials from twelve countries met in Baku to discuss safe and regular pathways for labour migration between the South Caucasus and the European Union.',
		'post_content' => '', // set below, after the uploads
	),
	function ( $post_id ) use ( $src_dir, $aysel, &$img_danube, &$img_baku ) {
		// Uploaded from the post editor: attached to the post, stored in 2026/03/.
		$img_danube = add_image(
			"$src_dir/danube-riverbank-vienna.jpg",
			'2026/03',
			array(
				'post_title'   => 'Danube riverbank in Vienna',
				'post_excerpt' => 'The Danube near the Centre’s Vienna headquarters.',
				'post_content' => 'View of the Danube riverbank on the morning of the opening session.',
				'post_author'  => $aysel,
				'post_date'    => '2026-03-12 08:15:00',
			),
			'Green riverbank of the Danube under a clear morning sky',
			$post_id
		);
		$img_baku = add_image(
			"$src_dir/baku-waterfront-dusk.jpg",
			'2026/03',
			array(
				'post_title'   => 'Baku waterfront at dusk',
				'post_excerpt' => 'Baku’s seaside boulevard after the first day of talks.',
				'post_content' => '',
				'post_author'  => $aysel,
				'post_date'    => '2026-03-12 08:16:00',
			),
			'Baku seaside boulevard at dusk with an orange sky',
			$post_id
		);
	}
);
$block_body = blocks(
	b_p( 'Officials from <strong>twelve countries</strong> met in Baku on 13 and 14 March for the opening of the Regional Dialogue on Labour Mobility, hosted by the State Migration Service of Azerbaijan with support from the Centre.' ),
	b_image( $img_danube, 'large', 'Delegates began preparations in Vienna in early March.' ),
	b_h2( 'What the dialogue covers' ),
	b_list(
		array(
			'Recognition of skills and qualifications',
			'Fair recruitment and the protection of migrant workers',
			'Return and <em>sustainable reintegration</em>',
		)
	),
	b_p( 'The dialogue builds on the <a href="' . esc_url( get_permalink( $az_post ) ) . '">seminars in Sheki and Ganja</a> held in February. Meet the people behind the programme on our <a href="' . esc_url( get_permalink( $team ) ) . '">team page</a>.' ),
	b_gallery( array( $img_baku, $img_sheki ) ),
	b_youtube( 'https://www.youtube.com/watch?v=aqz-KE-bpKQ' ),
	b_p( 'The next round will take place in Tbilisi in autumn 2026.' ),
	'<!-- wp:block {"ref":' . $reusable . '} /-->'
);
must( wp_update_post( wp_slash( array( 'ID' => $block_post, 'post_content' => $block_body ) ), true ), 'block post body' );
wp_set_post_terms( $block_post, array( $cat_events, $cat_policy ), 'category' );
wp_set_post_terms( $block_post, array( 'mobility', 'Azerbaijan' ), 'post_tag' );
set_post_thumbnail( $block_post, $img_danube );

// --- (b) classic post --------------------------------------------------------
// The [caption] shortcode is made by the same function as the classic
// editor's "Add Media" button: get_image_send_to_editor() builds the <img>
// and its 'image_send_to_editor' filter image_add_caption() wraps it.
$caption_sc = get_image_send_to_editor(
	$img_sheki,
	get_post_field( 'post_excerpt', $img_sheki ), // the attachment's caption
	get_the_title( $img_sheki ),
	'center',
	'', // link to: none
	false,
	'large',
	get_post_meta( $img_sheki, '_wp_attachment_image_alt', true )
);
must( 0 === strpos( $caption_sc, '[caption id="attachment_' . $img_sheki . '"' ), 'classic [caption] markup' );

$classic_body = implode(
	"\n\n",
	array(
		'The second call for proposals of the Mobility Partnership Facility closed on 28 February with <strong>46 applications</strong> from eleven countries. Seven projects have been selected for funding.',
		'<!--more-->',
		'The selected projects focus on pre-departure orientation, skills recognition and the reintegration of returning migrants. Most of them involve local authorities, as recommended at the workshops held earlier this year.',
		$caption_sc,
		'The call follows up on the <a href="' . esc_url( $renamed_old_link ) . '">talent partnership dialogue</a> launched in January.',
		'<h3>Selected projects</h3>',
		"Skills passports for nurses (Georgia, Germany)\nReturn counselling in border regions (Azerbaijan)\nDigital pre-departure training (Armenia, Lithuania)",
		'[gallery ids="' . $img_baku . ',' . $img_sheki . '"]',
		'Questions about the results? Write to us:',
		'[contact-form-7 id="12" title="Contact"]',
		'Watch the recording of the information session:',
		'https://www.youtube.com/watch?v=ScMzIvxBSi4',
		// Hostile HTML, kept because the author has unfiltered_html.
		'<script>alert(1)</script>',
		'<iframe src="https://evil.example/" width="600" height="400"></iframe>',
		'<img src=x onerror="alert(2)">',
		'<a href="javascript:alert(3)">Download the full list of projects</a>',
	)
);
$classic_post = editor_post(
	array(
		'post_title'   => 'Mobility Partnership Facility: results of the second call',
		'post_status'  => 'publish',
		'post_author'  => $comms,
		'post_date'    => '2026-03-20 14:00:00',
		'post_content' => $classic_body,
	)
);
wp_set_post_terms( $classic_post, array( $cat_policy ), 'category' );
wp_set_post_terms( $classic_post, array( 'mobility' ), 'post_tag' );

// --- (c) draft, pending, private, scheduled ---------------------------------
$draft   = editor_post(
	array(
		'post_title'   => 'Annual report 2026: outline',
		'post_status'  => 'draft',
		'post_author'  => $aysel,
		'post_content' => b_p( 'Chapters: 1. Year in review. 2. Programmes. 3. Finances. (to be completed)' ),
	)
);
$pending = editor_post(
	array(
		'post_title'   => 'Summer school on migration data: programme',
		'post_status'  => 'pending',
		'post_author'  => $aysel,
		'post_content' => b_p( 'The summer school in Almaty will introduce young researchers to administrative and survey data on migration.' ),
	)
);
$private = editor_post(
	array(
		'post_title'   => 'Staff retreat: travel and logistics',
		'post_status'  => 'private',
		'post_author'  => $comms,
		'post_date'    => '2026-04-02 08:30:00',
		'post_content' => b_p( 'Buses leave from the Vienna office at 8:00 on 22 April. Please confirm your room by 10 April.' ),
	)
);
$future  = editor_post(
	array(
		'post_title'   => 'Vienna Migration Conference 2027 announced',
		'post_status'  => 'future',
		'post_author'  => $comms,
		'post_date'    => '2027-10-05 09:00:00',
		'post_content' => b_p( 'The Vienna Migration Conference 2027 will take place on 18 and 19 November 2027. Registration opens in the summer.' ),
	)
);
wp_set_post_terms( $future, array( $cat_events ), 'category' );
must( 'future' === get_post_status( $future ), 'scheduled post keeps status future (is the clock past 2027-10-05?)' );

// --- navigation menu (nav_menu_item posts; an importer must skip them) -------
$menu = must( wp_create_nav_menu( 'Main menu' ), 'wp_create_nav_menu' );
must(
	wp_update_nav_menu_item(
		$menu,
		0,
		array(
			'menu-item-title'     => 'About us',
			'menu-item-object'    => 'page',
			'menu-item-object-id' => $about,
			'menu-item-type'      => 'post_type',
			'menu-item-status'    => 'publish',
			'menu-item-position'  => 1,
		)
	),
	'menu item About us'
);
must(
	wp_update_nav_menu_item(
		$menu,
		0,
		array(
			'menu-item-title'     => 'Events',
			'menu-item-object'    => 'category',
			'menu-item-object-id' => $cat_events,
			'menu-item-type'      => 'taxonomy',
			'menu-item-status'    => 'publish',
			'menu-item-position'  => 2,
		)
	),
	'menu item Events'
);

// What WP-Cron would do on a live site after publishing: process the
// _pingme/_encloseme flags (all HTTP fails here, so nothing is added).
do_all_pings();

// --- export -----------------------------------------------------------------
ob_start();
export_wp( array( 'content' => 'all' ) );
$xml = ob_get_clean();
must( false !== file_put_contents( $out_xml, $xml ), "write $out_xml" );
echo 'wrote ', $out_xml, ' (', strlen( $xml ), " bytes)\n";
