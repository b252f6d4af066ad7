package io.cloacina.compatibility.jpa;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Notes. */
public interface NoteRepository extends JpaRepository<Note, UUID> {

}
