-- q2: bids on auctions whose id is a multiple of 123.
SELECT STREAM auction, price FROM bid WHERE MOD(auction, 123) = 0
