package io.cloacina.sample.web;

import java.nio.file.Path;

import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/database}: the backend this instance runs on and its URL with the password masked,
 * as the starter's {@link ConfiguredDatabaseBackend} gives them; the page shows them.
 */
@RestController
class DatabaseController {

	private final ConfiguredDatabaseBackend database;

	DatabaseController(ConfiguredDatabaseBackend database) {
		this.database = database;
	}

	@GetMapping("/api/database")
	DatabaseResponse database() {
		Path file = this.database.file();
		return new DatabaseResponse(this.database.backend().id(),
				this.database.displayUrl(), (file != null) ? file.toString() : null);
	}

	record DatabaseResponse(String backend, String url, @Nullable String file) {

	}

}
