-- Directory filters read members in pinyin order within a party or a
-- sector; these indexes let them stop after one page instead of visiting
-- every member of the committee.
CREATE INDEX members_party_pinyin ON members (committee_id, party, name_pinyin, id);
CREATE INDEX members_sector_pinyin ON members (committee_id, sector_id, name_pinyin, id);
