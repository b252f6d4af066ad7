package io.cloacina.compatibility.jpa;

import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Accounts, read with a pessimistic lock where they are updated. */
public interface AccountRepository extends JpaRepository<Account, Long> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select a from Account a where a.id = ?1")
	Optional<Account> findForUpdate(Long id);

	@Modifying
	@Query("update Account a set a.balance = a.balance + ?2 where a.id = ?1")
	int addDirectly(Long id, long amount);

}
