package io.cloacina.database;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Hides passwords in anything that looks like a database URL, also in input that could not be
 * parsed. It errs on the side of hiding too much. Reached through {@link DatabaseUrl#mask(String)}
 * and {@link InvalidDatabaseUrlException#quote(String, String)}.
 */
final class UrlMasking {

	/** What stands in for a hidden password. */
	static final String MASK = "****";

	private static final Pattern PASSWORD_PARAMETER = Pattern
		.compile("(?i)((?:^|[?&;:/])(?:ssl)?(?:password|pass|pwd|key|hexkey)=)[^&;]*");

	private UrlMasking() {
	}

	/**
	 * Mask the password of a URL, wherever it stands: in the user-info part ({@code user:secret@host})
	 * or as a parameter ({@code password=secret}).
	 * @param url the URL, may be {@code null} or malformed
	 * @return the URL with passwords replaced by {@value #MASK}
	 */
	static String mask(@Nullable String url) {
		if (url == null) {
			return "null";
		}
		return maskParameters(maskUserInfo(url));
	}

	/**
	 * Mask only the password parameters ({@code password=...}) of a URL or a part of one.
	 * @param text the URL or part
	 * @return the text with password parameters replaced by {@value #MASK}
	 */
	static String maskParameters(String text) {
		return PASSWORD_PARAMETER.matcher(text).replaceAll((m) -> Matcher.quoteReplacement(m.group(1) + MASK));
	}

	/**
	 * Quote a piece of a URL for an error message, or hide it when it might be part of a password:
	 * only text that survives {@link #mask(String)} is shown, so a message never reveals more than
	 * the masked URL does.
	 * @param url the whole URL the piece comes from
	 * @param piece the piece to show
	 * @return the piece in single quotes, or {@code (hidden)}
	 */
	static String quote(String url, @Nullable String piece) {
		if (piece == null) {
			return "(none)";
		}
		return mask(url).contains(piece) && !piece.contains(MASK) ? "'" + piece + "'" : "(hidden)";
	}

	/**
	 * Hide everything between the colon that ends the user name and the last '@': the password of
	 * {@code scheme://user:password@host}, also when it holds characters that a well-formed URL would
	 * have encoded, such as '/', '@' or "//".
	 */
	private static String maskUserInfo(String url) {
		int at = url.lastIndexOf('@');
		int from = url.regionMatches(true, 0, "jdbc:", 0, 5) ? 5 : 0;
		int schemeEnd = url.indexOf(':', from);
		if (at < 0 || schemeEnd < 0 || schemeEnd > at) {
			return url;
		}
		int colon = schemeEnd;
		if (url.startsWith("//", schemeEnd + 1)) {
			// scheme://user:password@host: the password starts after the first colon of the user info.
			colon = url.indexOf(':', schemeEnd + 3);
			if (colon < 0 || colon > at) {
				return url;
			}
		}
		// Without "//" it is unclear where the user name ends: hide all from the first colon on.
		return url.substring(0, colon + 1) + MASK + url.substring(at);
	}

}
