package io.cloacina.database.autoconfigure.copy;

/**
 * How the process ends after a copy with {@code cloacina.copy.then=exit}: {@link System#exit} unless a
 * test replaces it. Spring Framework's context close, run by the JVM's shutdown hook while the
 * context is still refreshing, sees the refreshing thread blocked in {@code System.exit} and returns
 * at once instead of waiting for it.
 */
@FunctionalInterface
interface CopyExit {

	CopyExit SYSTEM = System::exit;

	/**
	 * End the process.
	 * @param status the exit status
	 */
	void exit(int status);

}
