package io.cloacina.database.autoconfigure.jdbc.test;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.ListCrudRepository;

/**
 * A Spring Data JDBC repository for the slice tests.
 */
interface SliceNoteRepository extends ListCrudRepository<SliceNote, Long> {

	List<SliceNote> findByTextStartingWithOrderByIdAsc(String prefix, Pageable pageable);

}
