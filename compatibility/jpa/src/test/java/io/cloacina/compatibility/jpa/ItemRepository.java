package io.cloacina.compatibility.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** A Spring Data JPA repository of {@link Item}s. */
public interface ItemRepository extends JpaRepository<Item, Long> {

	long countByWorker(int worker);

}
