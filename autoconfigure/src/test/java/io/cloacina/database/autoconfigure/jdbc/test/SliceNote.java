package io.cloacina.database.autoconfigure.jdbc.test;

import org.springframework.data.annotation.Id;

/**
 * A Spring Data JDBC entity for the slice tests.
 */
class SliceNote {

	@Id
	Long id;

	String text;

	SliceNote(Long id, String text) {
		this.id = id;
		this.text = text;
	}

}
