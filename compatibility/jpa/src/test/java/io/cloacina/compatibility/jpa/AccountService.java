package io.cloacina.compatibility.jpa;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-modify-write under a pessimistic lock, and a write attempted in a read-only transaction. */
@Service
public class AccountService {

	private final AccountRepository accounts;

	public AccountService(AccountRepository accounts) {
		this.accounts = accounts;
	}

	@Transactional
	public void deposit(Long id, long amount) {
		Account account = this.accounts.findForUpdate(id).orElseThrow();
		account.add(amount);
	}

	@Transactional(readOnly = true)
	public int depositInReadOnlyTransaction(Long id, long amount) {
		return this.accounts.addDirectly(id, amount);
	}

}
