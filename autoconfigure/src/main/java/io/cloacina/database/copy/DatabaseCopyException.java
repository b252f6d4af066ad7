package io.cloacina.database.copy;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.NonTransientDataAccessException;

/**
 * A copy that could not be made: a value that does not convert to its target column, a row the
 * target refused, or a verification that found a difference. The message names the table, the
 * column and the row where it applies, and says that nothing was copied: the target transaction
 * was rolled back.
 *
 * @since 0.1.0
 */
public class DatabaseCopyException extends NonTransientDataAccessException {

	/**
	 * Create an exception.
	 * @param message what went wrong, where, and what is accepted
	 * @param cause the cause, if any
	 */
	public DatabaseCopyException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
