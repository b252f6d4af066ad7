package io.cloacina.compatibility.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** Tickets. */
public interface TicketRepository extends JpaRepository<Ticket, Long> {

}
