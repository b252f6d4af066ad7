package io.cloacina.compatibility.jpa;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** An entity with a {@code UUID} id Hibernate generates, and a timestamp. */
@Entity
public class Note {

	@Id
	@GeneratedValue(strategy = GenerationType.UUID)
	private UUID id;

	private String text;

	private Instant createdAt;

	private boolean pinned;

	protected Note() {
	}

	public Note(String text, Instant createdAt, boolean pinned) {
		this.text = text;
		this.createdAt = createdAt;
		this.pinned = pinned;
	}

	public UUID getId() {
		return this.id;
	}

	public String getText() {
		return this.text;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public boolean isPinned() {
		return this.pinned;
	}

}
