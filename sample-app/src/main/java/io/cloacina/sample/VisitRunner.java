package io.cloacina.sample;

import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Records one visit at startup and says where it was stored.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.record-visit-on-startup", matchIfMissing = true)
class VisitRunner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(VisitRunner.class);

	private final VisitLog visits;

	private final ConfiguredDatabaseBackend database;

	VisitRunner(VisitLog visits, ConfiguredDatabaseBackend database) {
		this.visits = visits;
		this.database = database;
	}

	@Override
	public void run(ApplicationArguments args) {
		long total = this.visits.record(System.getProperty("user.name", "someone"));
		logger.info("Visit recorded on " + this.database.backend() + " (" + this.database.displayUrl() + "): "
				+ total + " visit(s) so far");
	}

}
