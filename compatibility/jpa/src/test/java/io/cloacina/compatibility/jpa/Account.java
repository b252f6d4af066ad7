package io.cloacina.compatibility.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** An entity with a unique code and a balance that transactions read and write. */
@Entity
public class Account {

	@Id
	@GeneratedValue
	private Long id;

	@Column(unique = true, nullable = false)
	private String code;

	private long balance;

	protected Account() {
	}

	public Account(String code) {
		this.code = code;
	}

	public Long getId() {
		return this.id;
	}

	public String getCode() {
		return this.code;
	}

	public long getBalance() {
		return this.balance;
	}

	public void add(long amount) {
		this.balance += amount;
	}

}
