"""基础资料: one page per kind of reference data, composed by ``tabs.base_data_tab``."""
