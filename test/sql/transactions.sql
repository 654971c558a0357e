> CREATE TABLE acct (id INT PRIMARY KEY, bal INT NOT NULL)
ok 0 id=0 warnings=0

> INSERT INTO acct VALUES (1, 100), (2, 200)
ok 2 id=0 warnings=0 info=Records: 2  Duplicates: 0  Warnings: 0

> BEGIN
ok 0 id=0 warnings=0

> UPDATE acct SET bal = bal - 10 WHERE id = 1
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

> SELECT bal FROM acct WHERE id = 1
bal
90

@session other
> SELECT bal FROM acct WHERE id = 1
bal
100

@session main
> ROLLBACK
ok 0 id=0 warnings=0

> SELECT bal FROM acct WHERE id = 1
bal
100

> START TRANSACTION
ok 0 id=0 warnings=0

> UPDATE acct SET bal = bal + 5 WHERE id = 2
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

> COMMIT
ok 0 id=0 warnings=0

@session other
> SELECT bal FROM acct WHERE id = 2
bal
205

> START TRANSACTION WITH CONSISTENT SNAPSHOT
ok 0 id=0 warnings=0

> SELECT bal FROM acct WHERE id = 2
bal
205

@session main
> UPDATE acct SET bal = 999 WHERE id = 2
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

@session other
> SELECT bal FROM acct WHERE id = 2
bal
205

> COMMIT
ok 0 id=0 warnings=0

> SELECT bal FROM acct WHERE id = 2
bal
999

@session main
> BEGIN
ok 0 id=0 warnings=0

> INSERT INTO acct VALUES (3, 300)
ok 1 id=0 warnings=0

> INSERT INTO acct VALUES (4, 400), (1, 1)
error 1062 Duplicate entry '1' for key 'acct.PRIMARY'

> SELECT id FROM acct ORDER BY id
id
1
2
3

> COMMIT
ok 0 id=0 warnings=0

> SELECT id FROM acct ORDER BY id
id
1
2
3

> BEGIN
ok 0 id=0 warnings=0

> INSERT INTO acct VALUES (5, 500)
ok 1 id=0 warnings=0

> SAVEPOINT s1
ok 0 id=0 warnings=0

> INSERT INTO acct VALUES (6, 600)
ok 1 id=0 warnings=0

> ROLLBACK TO SAVEPOINT s1
ok 0 id=0 warnings=0

> SELECT id FROM acct WHERE id >= 5
id
5

> RELEASE SAVEPOINT s1
ok 0 id=0 warnings=0

> ROLLBACK TO s1
error 1305 SAVEPOINT s1 does not exist

> COMMIT
ok 0 id=0 warnings=0

> SELECT id FROM acct WHERE id >= 5
id
5

> SET autocommit = 0
ok 0 id=0 warnings=0

> UPDATE acct SET bal = 0 WHERE id = 5
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

@session other
> SELECT bal FROM acct WHERE id = 5
bal
500

@session main
> COMMIT
ok 0 id=0 warnings=0

@session other
> SELECT bal FROM acct WHERE id = 5
bal
0

@session main
> SET autocommit = 1
ok 0 id=0 warnings=0

> START TRANSACTION READ ONLY
ok 0 id=0 warnings=0

> UPDATE acct SET bal = 1 WHERE id = 1
error 1792 Cannot execute statement in a READ ONLY transaction.

> COMMIT
ok 0 id=0 warnings=0

> BEGIN
ok 0 id=0 warnings=0

> UPDATE acct SET bal = 77 WHERE id = 1
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

> CREATE TABLE ddl_commits (id INT)
ok 0 id=0 warnings=0

> ROLLBACK
ok 0 id=0 warnings=0

> SELECT bal FROM acct WHERE id = 1
bal
77

> SET innodb_lock_wait_timeout = 1
ok 0 id=0 warnings=0

> BEGIN
ok 0 id=0 warnings=0

> UPDATE acct SET bal = 1 WHERE id = 2
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

@session other
> SET innodb_lock_wait_timeout = 1
ok 0 id=0 warnings=0

> BEGIN
ok 0 id=0 warnings=0

> UPDATE acct SET bal = 2 WHERE id = 1
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

> UPDATE acct SET bal = 2 WHERE id = 2
error 1205 Lock wait timeout exceeded; try restarting transaction

> SELECT bal FROM acct WHERE id = 1
bal
2

> ROLLBACK
ok 0 id=0 warnings=0

@session main
> ROLLBACK
ok 0 id=0 warnings=0

> BEGIN
ok 0 id=0 warnings=0

> UPDATE acct SET bal = 11 WHERE id = 1
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

@session other
> BEGIN
ok 0 id=0 warnings=0

> UPDATE acct SET bal = 22 WHERE id = 2
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

@session main
>& UPDATE acct SET bal = 12 WHERE id = 2

@session other
> UPDATE acct SET bal = 21 WHERE id = 1
error 1213 Deadlock found when trying to get lock; try restarting transaction

<< main
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

@session main
> COMMIT
ok 0 id=0 warnings=0

> SELECT id, bal FROM acct WHERE id IN (1, 2) ORDER BY id
id | bal
1 | 11
2 | 12

@session other
> COMMIT
ok 0 id=0 warnings=0


-- READ COMMITTED: each statement of a transaction sees what committed before it started.
@session main
> CREATE TABLE rc (id INT PRIMARY KEY, v INT NOT NULL)
ok 0 id=0 warnings=0

> INSERT INTO rc VALUES (1, 100)
ok 1 id=0 warnings=0

@session other
> SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED
ok 0 id=0 warnings=0

> BEGIN
ok 0 id=0 warnings=0

> SELECT v FROM rc WHERE id = 1
v
100

@session main
> UPDATE rc SET v = 42 WHERE id = 1
ok 1 id=0 warnings=0 info=Rows matched: 1  Changed: 1  Warnings: 0

@session other
> SELECT v FROM rc WHERE id = 1
v
42

> COMMIT
ok 0 id=0 warnings=0
