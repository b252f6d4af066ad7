package io.cloacina.database.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * Starts a JVM with this test's class path as a user without privileges, so that file permissions
 * apply as they do in production: as root (CI), through {@code setpriv} as {@code nobody}, with the
 * jars of {@code ~/.m2} (which {@code nobody} cannot read) hard-linked into a readable directory; as
 * any other user, as that user.
 */
final class UnprivilegedJava {

	static final boolean ROOT = "root".equals(System.getProperty("user.name"));

	private UnprivilegedJava() {
	}

	/**
	 * A command that runs {@code main} with the given arguments.
	 * @param main the main class, on this test's class path
	 * @param args its arguments
	 * @return the command
	 * @throws IOException if the class path cannot be made readable
	 */
	static List<String> command(Class<?> main, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		if (ROOT) {
			Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")),
					"setpriv is needed to test file permissions as root");
			command.addAll(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
		}
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(ROOT ? readableClassPath() : System.getProperty("java.class.path"));
		command.add(main.getName());
		command.addAll(List.of(args));
		return command;
	}

	/** Make a path readable and writable (or not) for the unprivileged user. */
	static void permissions(Path path, String permissions) throws IOException {
		Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
	}

	private static String readableClassPath() throws IOException {
		Path links = Path.of(System.getProperty("java.io.tmpdir"), "cloacina-test-classpath");
		Files.createDirectories(links);
		permissions(links, "rwxr-xr-x");
		List<String> entries = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path path = Path.of(entry).toAbsolutePath();
			if (!path.startsWith(System.getProperty("user.home")) || Files.isDirectory(path)) {
				entries.add(entry);
				continue;
			}
			Path link = links.resolve(Integer.toHexString(path.toString().hashCode()) + "-" + path.getFileName());
			if (!Files.exists(link)) {
				try {
					Files.createLink(link, path);
				}
				catch (IOException | UnsupportedOperationException ex) {
					Files.copy(path, link, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			entries.add(link.toString());
		}
		return String.join(File.pathSeparator, entries);
	}

}
