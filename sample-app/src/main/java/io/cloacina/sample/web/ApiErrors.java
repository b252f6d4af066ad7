package io.cloacina.sample.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Bad requests get a JSON problem (RFC 9457) that says what was wrong; a database that cannot be
 * written or reached gives 503 with the reason. Values from the request are echoed at most
 * {@value #ECHO_LIMIT} characters long.
 */
@RestControllerAdvice
class ApiErrors {

	static final int ECHO_LIMIT = 64;

	private static final Log logger = LogFactory.getLog(ApiErrors.class);

	@ExceptionHandler(ExecutionController.BadRequestException.class)
	ProblemDetail badRequest(ExecutionController.BadRequestException ex, HttpServletRequest request) {
		return problem(HttpStatus.BAD_REQUEST, ex.getMessage(), request);
	}

	@ExceptionHandler(ExecutionController.NotFoundException.class)
	ProblemDetail notFound(ExecutionController.NotFoundException ex, HttpServletRequest request) {
		return problem(HttpStatus.NOT_FOUND, ex.getMessage(), request);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		return problem(HttpStatus.BAD_REQUEST,
				"The body is not valid JSON: expected {\"workflow\": \"<name>\", \"context\": {...}}", request);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail mismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
		return problem(HttpStatus.BAD_REQUEST,
				"Parameter '" + ex.getName() + "' has an invalid value " + quote(String.valueOf(ex.getValue())), request);
	}

	@ExceptionHandler({ PermissionDeniedDataAccessException.class, DataAccessResourceFailureException.class,
			TransientDataAccessException.class, CannotCreateTransactionException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex, HttpServletRequest request) {
		String cause = shorten(String.valueOf(NestedExceptionUtils.getMostSpecificCause(ex).getMessage()));
		logger.warn("Request refused, the database cannot be written or reached: " + cause);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header("Retry-After", "5")
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, "The database cannot be written or reached at the moment ("
					+ cause + "); nothing was stored. Try again later.", request));
	}

	/** A problem whose {@code instance}, the request's path, is cut short like any other echoed value. */
	private static ProblemDetail problem(HttpStatus status, String detail, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		String path = request.getRequestURI();
		try {
			problem.setInstance(URI.create((path.length() <= ECHO_LIMIT) ? path : path.substring(0, ECHO_LIMIT)));
		}
		catch (IllegalArgumentException ex) {
			problem.setInstance(URI.create("/api"));
		}
		return problem;
	}

	/**
	 * A value from the request for a message: in quotes, cut to {@value #ECHO_LIMIT} characters with its
	 * length, so a message never grows with the request.
	 */
	static String quote(String value) {
		if (value.length() <= ECHO_LIMIT) {
			return "'" + value + "'";
		}
		return "'" + value.substring(0, ECHO_LIMIT) + "…' (" + value.length() + " characters)";
	}

	static String shorten(String value) {
		return (value.length() <= 300) ? value : value.substring(0, 300) + "…";
	}

	static String jsonEscape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				escaped.append('\\').append(c);
			}
			else if (c < 0x20) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
