package io.cloacina.compatibility.jpa;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Transactions of several statements, as application services write them. */
@Service
public class ItemService {

	private final ItemRepository items;

	public ItemService(ItemRepository items) {
		this.items = items;
	}

	/** Persists several items in one transaction; their ids are fetched before anything is flushed. */
	@Transactional
	public List<Item> createAll(int worker, int count) {
		List<Item> created = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			created.add(this.items.save(new Item("batch-" + worker + "-" + i, worker)));
		}
		return created;
	}

	/** Reads first, then persists: the transaction has run a statement when the id is needed. */
	@Transactional
	public Item createAfterReading(int worker) {
		long existing = this.items.countByWorker(worker);
		return this.items.save(new Item("after-" + existing, worker));
	}

}
