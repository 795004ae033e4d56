export const FIRST_NAMES: readonly string[] = [
  'alice', 'bob', 'carol', 'david', 'emma', 'farid', 'grace', 'hiro', 'ines', 'jamal', 'kate', 'liam', 'maria', 'nikolai', 'olivia',
  'pedro', 'qiang', 'rachel', 'sanjay', 'tomas', 'uma', 'victor', 'wei', 'ximena', 'yusuf', 'zoe', 'anna', 'ben', 'chloe', 'diego',
  'elena', 'felix', 'giulia', 'hannah', 'ivan', 'julia', 'kenji', 'lucas', 'mei', 'noah', 'oscar', 'priya', 'sofia', 'thomas',
];

export const LAST_NAMES: readonly string[] = [
  'smith', 'nguyen', 'garcia', 'mueller', 'rossi', 'kowalski', 'tanaka', 'kim', 'patel', 'silva', 'dubois', 'jansen', 'johansson',
  'okafor', 'haddad', 'cohen', 'brown', 'wilson', 'martin', 'lopez', 'schmidt', 'fischer', 'novak', 'ivanova', 'chen', 'wang',
  'singh', 'sato', 'murphy', 'oconnor', 'moreau', 'bianchi', 'santos', 'yilmaz', 'mensah', 'andersen', 'taylor', 'clark',
];

/** Mailbox names password sprayers try on any domain. */
export const COMMON_ACCOUNT_NAMES: readonly string[] = [
  'admin', 'administrator', 'info', 'support', 'test', 'hr', 'it', 'finance', 'sales', 'helpdesk', 'office', 'backup',
  'scanner', 'root', 'webmaster', 'billing', 'marketing', 'contact', 'security', 'service',
];

/** Consumer mail domains found in leaked credential lists. */
export const LEAKED_LIST_DOMAINS: readonly string[] = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'mail.ru', 'gmx.de', 'aol.com'];
